package notes_test

import "github.com/minio/minio-go/v7"

func s3PutOpts() minio.PutObjectOptions { return minio.PutObjectOptions{} }
