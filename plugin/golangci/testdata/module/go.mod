module example.com/gcltest

go 1.26.0

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/aws/aws-sdk-go v1.55.0
)

replace github.com/aws/aws-sdk-go => ./third_party/aws-sdk-go

replace github.com/aws/aws-lambda-go => ./third_party/aws-lambda-go
