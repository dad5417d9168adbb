// Package awscdk is a stub of github.com/aws/aws-cdk-go/awscdk/v2, whose init registers its
// types with the jsii runtime.
package awscdk

import _jsii_ "github.com/aws/jsii-runtime-go"

type Duration struct{ seconds *float64 }

func Duration_Seconds(amount *float64) *Duration { return &Duration{seconds: amount} }

func init() { _ = _jsii_.String("register") }
