// Networks: approved district tools (III.B) versus public social media (III.A).
import { type Analysis, memoSlot } from '../analysis.js';

// This module's memoised analyzer: a slot in every check.
const NETWORK_STATUS = memoSlot('network-status');

export interface NetworkStatus {
  /** The network as given (lower-case), or undefined when the post does not say. */
  network: string | undefined;
  /** true: an approved tool; false: a public network; undefined: cannot tell (no catalogue in context). */
  approved: boolean | undefined;
  /** CIPA status of the approved tool, when known. */
  cipaCompliant: boolean | undefined;
}

export function networkStatus(a: Analysis): NetworkStatus {
  return a.get(NETWORK_STATUS, () => {
    const network = a.post.network?.toLowerCase();
    const tools = a.ctx.district?.approvedTools;
    if (network === undefined) return { network, approved: undefined, cipaCompliant: undefined };
    if (tools === undefined) return { network, approved: undefined, cipaCompliant: undefined };
    const tool = tools.find((t) => t.network.toLowerCase() === network);
    return { network, approved: tool !== undefined, cipaCompliant: tool?.cipaCompliant };
  });
}
