package main

import "github.com/aws/aws-sdk-go/service/s3"

// store's finding is excluded by text in .golangci.yml.
func store() *s3.S3 { return &s3.S3{} }
