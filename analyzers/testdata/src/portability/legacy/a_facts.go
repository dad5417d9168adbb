package legacy // want package:`provider: github.com/aws/aws-sdk-go/aws/session`
