// Types of the check contract, imported as types only: the web app holds no policy logic.
export type { CheckResponse, Finding, Post, PostImage, Verdict } from '../../../../src/contracts/check.js';
