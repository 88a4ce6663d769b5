import type { ec2 } from '@elbow/api-models';
import { availabilityZonesOf } from './availability-zones.js';
import { ec2Errors } from './ec2-errors.js';
import { assertKnownFilters, matchesFilters } from './ec2-filters.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';

const ZONE_FILTERS = new Set(['zone-name', 'zone-id', 'region-name', 'state', 'zone-type', 'group-name', 'opt-in-status', 'network-border-group']);

export function availabilityZoneQueries(_deps: Ec2HandlerDeps): Ec2SyncHandlers<'DescribeAvailabilityZones'> {
  return {
    DescribeAvailabilityZones(input, context) {
      const scope = ec2ScopeOf(context);
      assertKnownFilters(input.Filters, ZONE_FILTERS);
      const zones = availabilityZonesOf(scope.region);
      for (const name of input.ZoneNames ?? []) {
        // Unverified wording: EC2 refuses an unknown zone name with InvalidParameterValue.
        if (!zones.some((zone) => zone.zoneName === name)) throw ec2Errors.invalidParameterValue(`The zone '${name}' does not exist.`);
      }
      for (const id of input.ZoneIds ?? []) {
        if (!zones.some((zone) => zone.zoneId === id)) throw ec2Errors.invalidParameterValue(`The zone ID '${id}' does not exist.`);
      }
      const output: ec2.AvailabilityZone[] = zones
        .filter((zone) => (input.ZoneNames?.length ? input.ZoneNames.includes(zone.zoneName) : true))
        .filter((zone) => (input.ZoneIds?.length ? input.ZoneIds.includes(zone.zoneId) : true))
        .filter((zone) => {
          const fields: Record<string, string[]> = {
            'zone-name': [zone.zoneName],
            'zone-id': [zone.zoneId],
            'region-name': [scope.region],
            state: ['available'],
            'zone-type': ['availability-zone'],
            'group-name': [scope.region],
            'opt-in-status': ['opt-in-not-required'],
            'network-border-group': [scope.region],
          };
          return matchesFilters(input.Filters, { field: (name) => fields[name], tags: [] });
        })
        .map((zone) => ({
          OptInStatus: 'opt-in-not-required',
          Messages: [],
          RegionName: scope.region,
          ZoneName: zone.zoneName,
          ZoneId: zone.zoneId,
          GroupName: scope.region,
          NetworkBorderGroup: scope.region,
          ZoneType: 'availability-zone',
          State: 'available',
        }));
      return { AvailabilityZones: output };
    },
  };
}
