#!/bin/sh
# One-shot MinIO bootstrap for the production stack (run by the `minio-init` service, image
# minio/mc). Idempotent: every run converges to the same state, so it is safe on each `up`.
#
#   1. the bucket $LAKOU_S3_BUCKET exists and has no anonymous access (private: objects are
#      only reachable through presigned URLs);
#   2. the app's credentials ($LAKOU_S3_ACCESS_KEY_ID / $LAKOU_S3_SECRET_ACCESS_KEY) are a
#      MinIO user whose policy allows that bucket only, not the root account. Re-running
#      with a new secret rotates it.
#
# POSIX sh only: the mc image has a shell and coreutils, nothing more.
set -eu

: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is required}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is required}"
: "${LAKOU_S3_ACCESS_KEY_ID:?LAKOU_S3_ACCESS_KEY_ID is required}"
: "${LAKOU_S3_SECRET_ACCESS_KEY:?LAKOU_S3_SECRET_ACCESS_KEY is required}"
endpoint="${MINIO_ENDPOINT:-http://minio:9000}"
bucket="${LAKOU_S3_BUCKET:-lakou}"
alias_name="lakou"
policy_name="lakou-app-${bucket}"

log() { printf 'minio-init: %s\n' "$*"; }

# Compose waits for minio's healthcheck, but retry briefly in case it was restarted meanwhile.
attempt=0
until mc alias set "$alias_name" "$endpoint" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1 \
    && mc admin info "$alias_name" >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then
        log "cannot reach MinIO at $endpoint with the root credentials, giving up"
        exit 1
    fi
    sleep 2
done

log "bucket $bucket"
mc mb --ignore-existing "$alias_name/$bucket"
mc anonymous set none "$alias_name/$bucket"

if [ "$LAKOU_S3_ACCESS_KEY_ID" = "$MINIO_ROOT_USER" ]; then
    log "the app uses the root credentials: no scoped user created (not recommended)"
    exit 0
fi

policy_file="/tmp/${policy_name}.json"
cat >"$policy_file" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetBucketLocation",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads"
      ],
      "Resource": ["arn:aws:s3:::${bucket}"]
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts"
      ],
      "Resource": ["arn:aws:s3:::${bucket}/*"]
    }
  ]
}
EOF

log "policy $policy_name"
mc admin policy create "$alias_name" "$policy_name" "$policy_file"
rm -f "$policy_file"

log "user $LAKOU_S3_ACCESS_KEY_ID"
# Adding an existing user updates its secret key.
mc admin user add "$alias_name" "$LAKOU_S3_ACCESS_KEY_ID" "$LAKOU_S3_SECRET_ACCESS_KEY"

# Attaching a policy that is already attached is an error, so look first.
user_info="$(mc admin user info "$alias_name" "$LAKOU_S3_ACCESS_KEY_ID" --json)"
case "$user_info" in
    *"$policy_name"*) log "policy already attached" ;;
    *) mc admin policy attach "$alias_name" "$policy_name" --user "$LAKOU_S3_ACCESS_KEY_ID" ;;
esac

log "done"
