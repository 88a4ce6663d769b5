#!/usr/bin/env bash
# ALB stickiness walkthrough with the AWS CLI and curl (examples/01-alb-stickiness).
# Starts elbow and two small apps, puts them behind an ALB, then shows round robin, lb_cookie
# stickiness (AWSALB / AWSALBCORS) and app_cookie stickiness (the app's APPSESSION plus AWSALBAPP-0).
# Run from anywhere after `npm install && npm run build`; needs the AWS CLI and curl.
# LISTENER_PORT (default 8080) is the listener's port on 127.0.0.1; exit code 3: it was taken.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
listener_port="${LISTENER_PORT:-8080}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Prints the first line of FILE matching REGEX once the process writing it has printed it.
wait_for_line() {
  local file="$1" regex="$2" line=''
  for _ in $(seq 1 300); do
    line="$(grep -m1 -E "$regex" "$file" || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.05
  done
  echo "timed out waiting for '$regex' in $file: $(cat "$file")" >&2
  return 1
}

step() { printf '\n== %s\n' "$*"; }

step "start elbow (API on a free port, state in memory) and two apps"
node "$repo/emulator/bin/elbow.js" start --port 0 --memory >"$work/elbow.out" 2>&1 &
pids+=($!)
endpoint="$(wait_for_line "$work/elbow.out" '^elbow ready on ' | awk '{print $4}')"
echo "elbow: $endpoint"
declare -A app_port
for app in app-a app-b; do
  APP_NAME="$app" PORT=0 node "$repo/examples/apps/echo.js" >"$work/$app.out" 2>&1 &
  pids+=($!)
  app_port[$app]="$(wait_for_line "$work/$app.out" '^listening on ' | awk '{print $3}')"
  echo "$app: 127.0.0.1:${app_port[$app]}"
done

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-elbow}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-elbow}"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=''
awsx() { aws --endpoint-url "$endpoint" --output text "$@"; }

step "create an ALB, an ip target group with both apps, and an HTTP listener on $listener_port"
vpc_id="$(awsx ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId')"
read -r -a subnets <<<"$(awsx ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc_id" --query 'Subnets[0:2].SubnetId')"
lb_arn="$(awsx elbv2 create-load-balancer --name sticky-demo --subnets "${subnets[@]}" --query 'LoadBalancers[0].LoadBalancerArn')"
tg_arn="$(awsx elbv2 create-target-group --name sticky-demo --protocol HTTP --port 80 --vpc-id "$vpc_id" --target-type ip \
  --query 'TargetGroups[0].TargetGroupArn')"
awsx elbv2 register-targets --target-group-arn "$tg_arn" \
  --targets "Id=127.0.0.1,Port=${app_port[app-a]},AvailabilityZone=all" "Id=127.0.0.1,Port=${app_port[app-b]},AvailabilityZone=all"
awsx elbv2 create-listener --load-balancer-arn "$lb_arn" --protocol HTTP --port "$listener_port" \
  --default-actions "Type=forward,TargetGroupArn=$tg_arn" --query 'Listeners[0].ListenerArn'
# The API call succeeds even when the port is taken on this machine; elbow's admin API says whether it is bound.
listeners="$(curl -s "$endpoint/_elbow/listeners")"
echo "$listeners"
if ! grep -q '"state":"bound"' <<<"$listeners"; then
  echo "port $listener_port could not be bound here; run again with another LISTENER_PORT" >&2
  exit 3
fi
url="http://127.0.0.1:$listener_port/"

step "no stickiness: round robin over both apps"
for _ in 1 2 3 4; do curl -s "$url"; done

step "lb_cookie stickiness: the ALB's AWSALB cookie (and AWSALBCORS) pins a client to one app"
awsx elbv2 modify-target-group-attributes --target-group-arn "$tg_arn" --query 'Attributes[?starts_with(Key, `stickiness`)]' \
  --attributes Key=stickiness.enabled,Value=true Key=stickiness.type,Value=lb_cookie Key=stickiness.lb_cookie.duration_seconds,Value=3600
curl -s -i -c "$work/lb.jar" "$url" | tr -d '\r' | grep -iE '^(HTTP/|Set-Cookie:|answered by)'
echo "-- the same client (cookie jar) again, four times:"
for _ in 1 2 3 4; do curl -s -b "$work/lb.jar" -c "$work/lb.jar" "$url"; done

step "app_cookie stickiness: the app's own APPSESSION cookie, with the ALB's AWSALBAPP-0 beside it"
awsx elbv2 modify-target-group-attributes --target-group-arn "$tg_arn" --query 'Attributes[?starts_with(Key, `stickiness`)]' \
  --attributes Key=stickiness.type,Value=app_cookie Key=stickiness.app_cookie.cookie_name,Value=APPSESSION \
  Key=stickiness.app_cookie.duration_seconds,Value=3600
curl -s -i -c "$work/app.jar" "$url" | tr -d '\r' | grep -iE '^(HTTP/|Set-Cookie:|answered by)'
echo "-- the same client (cookie jar) again, four times:"
for _ in 1 2 3 4; do curl -s -b "$work/app.jar" -c "$work/app.jar" "$url"; done

step "done"
