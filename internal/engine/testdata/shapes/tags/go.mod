module example.com/tags

go 1.26.0

require github.com/aws/aws-sdk-go v1.55.0

replace github.com/aws/aws-sdk-go => ./third_party/aws-sdk-go
