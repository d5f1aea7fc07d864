import { describe, expect, it } from 'vitest';
import { parseOverride } from '../../../src/model/pci/pci-sysfs.js';

describe('driver_override_store parsing by era', () => {
  const eras = ['open-coded', 'set-override-nul-bug', 'set-override', 'generic'] as const;
  it.each(eras)('%s: "vfio-pci\\n" stores vfio-pci and "\\n" clears', (era) => {
    expect(parseOverride(era, 'vfio-pci\n')).toBe('vfio-pci');
    expect(parseOverride(era, 'vfio-pci')).toBe('vfio-pci');
    expect(parseOverride(era, '\n')).toBeNull();
  });
  it('5.19 driver_set_override without strlen stores "" for a NUL byte (H9)', () => {
    expect(parseOverride('set-override-nul-bug', '\0')).toBe('');
  });
  it.each(['open-coded', 'set-override', 'generic'] as const)('%s: a NUL byte clears the override', (era) => {
    expect(parseOverride(era, '\0')).toBeNull();
  });
  it('bytes after an embedded NUL are ignored (kstrndup stops at NUL)', () => {
    expect(parseOverride('set-override', 'abc\0def')).toBe('abc');
    expect(parseOverride('open-coded', 'abc\0def')).toBe('abc');
  });
  it('a value of PAGE_SIZE-1 bytes or more is -EINVAL (undefined)', () => {
    expect(parseOverride('set-override', 'x'.repeat(4095))).toBeUndefined();
    expect(parseOverride('set-override', 'x'.repeat(4094))).toBe('x'.repeat(4094));
  });
  it('only the part before the first newline is kept', () => {
    expect(parseOverride('open-coded', 'a\nb')).toBe('a');
    expect(parseOverride('set-override', 'a\nb')).toBe('a');
  });
});
