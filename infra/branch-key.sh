#!/usr/bin/env bash
# The stack's branch key (the Hierarchical keyring's key store), in AWS:
#   infra/branch-key.sh create STACK_NAME    once, right after the stack's first deploy
#   infra/branch-key.sh version STACK_NAME   rotate: a new version encrypts from now on; older items still decrypt
# Reads the key store's table, name, KMS key and branch key id from the stack's outputs (AWS CLI), with
# the AWS CLI's and SDK's usual region and credentials. Needs, on the key store's table and KMS key:
# dynamodb:GetItem, dynamodb:PutItem (transactional, conditional), kms:GenerateDataKeyWithoutPlaintext,
# kms:ReEncrypt* and kms:Decrypt; the functions themselves only read and decrypt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -ne 2 || ! "$1" =~ ^(create|version)$ ]]; then
  echo "usage: $0 create|version STACK_NAME" >&2
  exit 2
fi
action="$1" stack="$2"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
cd "$root"
./mvnw -q -B -pl infra/local-aws -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
exec java -cp "infra/local-aws/target/classes:$(cat infra/local-aws/target/classpath.txt)" \
  coach.eco.learners.keystore.BranchKeys "$action" \
  "$(output KeyStoreTableName)" "$(output KeyStoreLogicalName)" "$(output KeyStoreKeyArn)" "$(output BranchKeyId)"
