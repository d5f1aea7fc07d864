// How a binding reads in a violation's message.

export const describeBinding = (got: string | null | undefined): string =>
  got === undefined ? 'not present' : got === null ? 'unbound' : `bound to ${got}`;
