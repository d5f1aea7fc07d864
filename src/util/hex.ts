/** A 16-bit ID as sysfs and lspci spell it: 4 lower-case hex digits, no 0x. */
export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
