module example.com/heavy

go 1.26.0

require (
	example.com/wrapper v0.0.0
	github.com/aws/aws-lambda-go v1.55.1
	github.com/aws/aws-sdk-go v1.55.0
)

replace example.com/wrapper => ./third_party/wrapper

replace github.com/aws/aws-sdk-go => ./third_party/aws-sdk-go

replace github.com/aws/aws-lambda-go => ./third_party/aws-lambda-go
