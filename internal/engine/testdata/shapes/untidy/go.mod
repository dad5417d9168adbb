module example.com/untidy

replace github.com/aws/aws-sdk-go => ./third_party/aws-sdk-go
