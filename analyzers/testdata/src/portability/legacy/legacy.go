package legacy

import (
	"fmt"

	"github.com/aws/aws-sdk-go/aws/session" // want `SLS603: import of "github.com/aws/aws-sdk-go/aws/session", the AWS SDK for Go v1`
	"github.com/aws/aws-sdk-go/service/s3"  // second v1 import in the same file: one finding per file
)

func Client() *s3.S3 {
	sess, err := session.NewSession()
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return s3.New(sess)
}
