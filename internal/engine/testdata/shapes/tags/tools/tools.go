//go:build tools

package tools

import _ "github.com/aws/aws-sdk-go/aws/session"
