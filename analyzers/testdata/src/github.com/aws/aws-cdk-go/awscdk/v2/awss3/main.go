// Package awss3 is a stub of github.com/aws/aws-cdk-go/awscdk/v2/awss3.
package awss3

import "github.com/aws/aws-cdk-go/awscdk/v2"

type BucketProps struct{ Lifetime *awscdk.Duration }
