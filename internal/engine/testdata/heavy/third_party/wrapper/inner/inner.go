package inner

import "github.com/aws/aws-sdk-go/aws/session"

func New() (*session.Session, error) { return session.NewSession() }
