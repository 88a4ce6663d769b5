import { describe, expect, it } from 'vitest';
import { availabilityZonesOf, findAvailabilityZone } from './availability-zones.js';

describe('availabilityZonesOf', () => {
  it('gives us-east-1 its six zones a to f', () => {
    expect(availabilityZonesOf('us-east-1').map((zone) => zone.zoneName)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `us-east-1${letter}`),
    );
  });

  it('gives most regions three zones with distinct ids', () => {
    const zones = availabilityZonesOf('eu-west-1');
    expect(zones).toHaveLength(3);
    expect(new Set(zones.map((zone) => zone.zoneId)).size).toBe(3);
  });

  it('gives a region it does not know three zones a to c', () => {
    expect(availabilityZonesOf('xx-test-9')).toEqual([
      { zoneName: 'xx-test-9a', zoneId: 'xx-test-9-az1' },
      { zoneName: 'xx-test-9b', zoneId: 'xx-test-9-az2' },
      { zoneName: 'xx-test-9c', zoneId: 'xx-test-9-az3' },
    ]);
  });

  it('finds a zone by name or by id, only in its region', () => {
    expect(findAvailabilityZone('us-east-1', 'us-east-1b')?.zoneId).toBe('use1-az2');
    expect(findAvailabilityZone('us-east-1', 'use1-az2')?.zoneName).toBe('us-east-1b');
    expect(findAvailabilityZone('us-east-1', 'us-west-2a')).toBeUndefined();
  });
});
