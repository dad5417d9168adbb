module example.com/reentrant

go 1.26.0

require github.com/aws/aws-lambda-go v1.55.1

replace github.com/aws/aws-lambda-go => ./third_party/aws-lambda-go
