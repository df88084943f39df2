package assets

import _ "embed"

// KioskPolicy is the S3 policy of a kiosk's user (docs/SYNC.md, "Least
// privilege"): create objects under v1/pieces/<its user name>/ and nothing
// else. The bucket is named "afterimage" in it; provisioning substitutes
// the clinic's. docs/minio-kiosk-policy.json is the same (a test keeps
// them equal).
//
//go:embed s3/kiosk-policy.json
var KioskPolicy []byte
