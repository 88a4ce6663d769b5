"""Creates load balancers, target groups and rules on elbow with boto3, then pages through
them with boto3's own paginators (PageSize 2) and prints what each paginator saw as JSON."""
import json
import sys

import boto3

endpoint = sys.argv[1]
count = int(sys.argv[2])
session = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
ec2 = boto3.client("ec2", **session)
elbv2 = boto3.client("elbv2", **session)

vpc_id = next(vpc["VpcId"] for vpc in ec2.describe_vpcs()["Vpcs"] if vpc["IsDefault"])
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
subnet_ids = [subnet["SubnetId"] for subnet in subnets[:2]]

load_balancer_arns = []
for index in range(count):
    created = elbv2.create_load_balancer(Name=f"paged-alb-{index}", Subnets=subnet_ids)
    load_balancer_arns.append(created["LoadBalancers"][0]["LoadBalancerArn"])
    elbv2.create_target_group(Name=f"paged-tg-{index}", Protocol="HTTP", Port=80, VpcId=vpc_id)

group_arn = elbv2.describe_target_groups(Names=["paged-tg-0"])["TargetGroups"][0]["TargetGroupArn"]
listener_arn = elbv2.create_listener(
    LoadBalancerArn=load_balancer_arns[0], Protocol="HTTP", Port=80,
    DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}],
)["Listeners"][0]["ListenerArn"]
for index in range(count):
    elbv2.create_rule(
        ListenerArn=listener_arn, Priority=index + 1,
        Conditions=[{"Field": "path-pattern", "Values": [f"/paged/{index}/*"]}],
        Actions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )


def walk(operation, result_key, **params):
    pages = list(elbv2.get_paginator(operation).paginate(PaginationConfig={"PageSize": 2}, **params))
    return {"pages": len(pages), "items": [item for page in pages for item in page[result_key]]}


load_balancers = walk("describe_load_balancers", "LoadBalancers")
target_groups = walk("describe_target_groups", "TargetGroups")
rules = walk("describe_rules", "Rules", ListenerArn=listener_arn)
print(json.dumps({
    "loadBalancers": {"pages": load_balancers["pages"], "names": [lb["LoadBalancerName"] for lb in load_balancers["items"]]},
    "targetGroups": {"pages": target_groups["pages"], "names": [tg["TargetGroupName"] for tg in target_groups["items"]]},
    "rules": {"pages": rules["pages"], "priorities": [rule["Priority"] for rule in rules["items"]]},
}))
