#!/usr/bin/env bash
# Classic ELB walkthrough with the AWS CLI and curl (examples/04-classic-elb).
# Starts elbow and two small apps standing for two EC2 instances, puts them behind a classic load
# balancer with an HTTP listener, waits for both to be InService, then shows duration-based
# stickiness (AWSELB with MAX-AGE) and application-controlled stickiness (AWSELB following the
# app's APPSESSION cookie), and the policies as describe-load-balancers prints them.
# Run from anywhere after `npm install && npm run build`; needs the AWS CLI and curl, and Linux
# (the second instance listens on 127.0.0.2: all of 127/8 is the loopback there).
# LISTENER_PORT (default 8081) is the listener's port on 127.0.0.1; exit code 3: it was taken.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
listener_port="${LISTENER_PORT:-8081}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Prints the first line of FILE matching REGEX once process PID has printed it; fails if PID exits first.
wait_for_line() {
  local file="$1" regex="$2" pid="$3" line=''
  for _ in $(seq 1 300); do
    line="$(grep -m1 -E "$regex" "$file" || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "process $pid ended: $(cat "$file")" >&2; return 1; }
    sleep 0.05
  done
  echo "timed out waiting for '$regex' in $file: $(cat "$file")" >&2
  return 1
}

step() { printf '\n== %s\n' "$*"; }

# --clock-speed 10 runs health-check intervals ten times faster, so instances are InService in
# about a second instead of ten; nothing else in the walkthrough depends on it.
step "start elbow (API on a free port, state in memory) and two instances' apps"
node "$repo/emulator/bin/elbow.js" start --port 0 --memory --clock-speed 10 >"$work/elbow.out" 2>&1 &
pids+=($!)
endpoint="$(wait_for_line "$work/elbow.out" '^elbow ready on ' "${pids[-1]}" | awk '{print $4}')"
echo "elbow: $endpoint"
# A classic listener sends every instance to the same InstancePort, so the two apps share one
# port on two loopback addresses. The first app's port is the OS's choice; should the second
# address have it taken, both start again.
for attempt in 1 2 3 4 5; do
  APP_NAME=app-a HOST=127.0.0.1 PORT=0 node "$repo/examples/apps/echo.js" >"$work/app-a.out" 2>&1 &
  app_a=$!
  instance_port="$(wait_for_line "$work/app-a.out" '^listening on ' "$app_a" | awk '{print $3}')"
  APP_NAME=app-b HOST=127.0.0.2 PORT="$instance_port" node "$repo/examples/apps/echo.js" >"$work/app-b.out" 2>&1 &
  app_b=$!
  if wait_for_line "$work/app-b.out" '^listening on ' "$app_b" >/dev/null 2>&1; then break; fi
  kill "$app_a" 2>/dev/null || true
  if [ "$attempt" = 5 ]; then echo "no port free on both 127.0.0.1 and 127.0.0.2" >&2; exit 1; fi
done
pids+=("$app_a" "$app_b")
echo "app-a: 127.0.0.1:$instance_port"
echo "app-b: 127.0.0.2:$instance_port"

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-elbow}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-elbow}"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=''
awsx() { aws --endpoint-url "$endpoint" --output text "$@"; }

step "launch two instances (the elbow:host tag says where each one's app listens)"
vpc_id="$(awsx ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId')"
subnet_id="$(awsx ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc_id" --query 'Subnets[0].SubnetId')"
instance_ids=()
for host in 127.0.0.1 127.0.0.2; do
  instance_ids+=("$(awsx ec2 run-instances --image-id ami-12345678 --count 1 --subnet-id "$subnet_id" \
    --tag-specifications "ResourceType=instance,Tags=[{Key=elbow:host,Value=$host}]" --query 'Instances[0].InstanceId')")
done
echo "instances: ${instance_ids[*]}"

step "a classic load balancer with an HTTP listener on $listener_port, a health check, both instances"
awsx elb create-load-balancer --load-balancer-name classic-demo --subnets "$subnet_id" \
  --listeners "Protocol=HTTP,LoadBalancerPort=$listener_port,InstanceProtocol=HTTP,InstancePort=$instance_port"
# The API's default health check is TCP:80, where no app listens: check the apps' port instead.
awsx elb configure-health-check --load-balancer-name classic-demo \
  --health-check "Target=HTTP:$instance_port/,Interval=5,Timeout=2,UnhealthyThreshold=2,HealthyThreshold=2"
awsx elb register-instances-with-load-balancer --load-balancer-name classic-demo --instances "${instance_ids[@]}" --query 'Instances[].InstanceId'
# The API call succeeds even when the port is taken on this machine; elbow's admin API says whether it is bound.
listeners="$(curl -s "$endpoint/_elbow/listeners")"
echo "$listeners"
if ! grep -q '"classicListeners":\[.*"state":"bound"' <<<"$listeners"; then
  echo "port $listener_port could not be bound here; run again with another LISTENER_PORT" >&2
  exit 3
fi
url="http://127.0.0.1:$listener_port/"

step "describe-instance-health until both instances are InService"
for _ in $(seq 1 200); do
  states="$(awsx elb describe-instance-health --load-balancer-name classic-demo --query 'InstanceStates[].State')"
  if [ "$(tr '\t' '\n' <<<"$states" | grep -c '^InService$')" = 2 ]; then break; fi
  sleep 0.1
done
awsx elb describe-instance-health --load-balancer-name classic-demo --query 'InstanceStates[].[InstanceId,State,ReasonCode]'

step "no stickiness policy: requests spread over both instances"
for _ in 1 2 3 4; do curl -s "$url"; done

step "duration-based stickiness: AWSELB with MAX-AGE pins a client to one instance"
awsx elb create-lb-cookie-stickiness-policy --load-balancer-name classic-demo --policy-name sticky-60s --cookie-expiration-period 60
awsx elb set-load-balancer-policies-of-listener --load-balancer-name classic-demo --load-balancer-port "$listener_port" --policy-names sticky-60s
curl -s -i -c "$work/lb.jar" "$url" | tr -d '\r' | grep -iE '^(HTTP/|Set-Cookie:|answered by)'
echo "-- the same client (cookie jar) again, four times:"
for _ in 1 2 3 4; do curl -s -b "$work/lb.jar" -c "$work/lb.jar" "$url"; done

step "application-controlled stickiness: AWSELB follows the app's APPSESSION cookie"
awsx elb create-app-cookie-stickiness-policy --load-balancer-name classic-demo --policy-name follow-appsession --cookie-name APPSESSION
awsx elb set-load-balancer-policies-of-listener --load-balancer-name classic-demo --load-balancer-port "$listener_port" --policy-names follow-appsession
curl -s -i -c "$work/app.jar" "$url" | tr -d '\r' | grep -iE '^(HTTP/|Set-Cookie:|answered by)'
echo "-- the same client (cookie jar) again, four times:"
for _ in 1 2 3 4; do curl -s -b "$work/app.jar" -c "$work/app.jar" "$url"; done

step "describe-load-balancers: the listener's policy and both stickiness policies"
aws --endpoint-url "$endpoint" --output json elb describe-load-balancers --load-balancer-names classic-demo \
  --query 'LoadBalancerDescriptions[0].{ListenerDescriptions: ListenerDescriptions, Policies: Policies}'

step "done"
