"""Prints template.yaml as CloudFormation receives it after the SAM transform (SAM's own translator), as
JSON, with a "ManagedPolicyDocuments" section: the document of each AWS managed policy its roles attach
(moto's copy of AWS's). TemplateIT reads it for the rights SAM adds that the template does not show.
Usage: expand-template.py TEMPLATE"""
import json
import os
import sys

from moto.iam.aws_managed_policies import aws_managed_policies_data
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoIamLookups:
    """The template's Policies are statements, never managed policy names: nothing to look up in IAM."""

    def load(self):
        return {}


with open(sys.argv[1], encoding="utf-8") as source:
    template = yaml_parse(source.read())
# SAM takes an artifact in S3; the local zips built by Maven are named by their path instead.
for resource in template["Resources"].values():
    code = resource.get("Properties", {}).get("CodeUri")
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code, str):
        resource["Properties"]["CodeUri"] = "s3://artifacts/" + code
# The transform asks boto for a region to write ARNs in; any region expands the roles alike.
os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-1")
expanded = transform(template, {}, NoIamLookups())
managed = json.loads(aws_managed_policies_data)
arns = set()
for resource in expanded["Resources"].values():
    if resource["Type"] == "AWS::IAM::Role" and "ManagedPolicyArns" in resource["Properties"]:
        # An ARN written with !Sub ${AWS::Partition} is read as in the aws partition.
        literal = [arn["Fn::Sub"].replace("${AWS::Partition}", "aws") if isinstance(arn, dict) else arn
                   for arn in resource["Properties"]["ManagedPolicyArns"]]
        resource["Properties"]["ManagedPolicyArns"] = literal
        arns.update(literal)
# A policy moto does not know (not an AWS one) has no document here: the test names it all the same.
expanded["ManagedPolicyDocuments"] = {arn: managed[arn.rsplit("/", 1)[1]]["Document"] for arn in sorted(arns)
                                      if arn.rsplit("/", 1)[1] in managed}
json.dump(expanded, sys.stdout, indent=1, default=str)
