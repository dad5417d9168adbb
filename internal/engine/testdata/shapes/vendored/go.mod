module example.com/vendored

go 1.26.0

require github.com/aws/aws-sdk-go v1.55.0
