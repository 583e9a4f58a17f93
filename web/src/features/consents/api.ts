// The consent routes of the API this page uses.
export const CONSENTS_URL = '/api/v1/consents';
