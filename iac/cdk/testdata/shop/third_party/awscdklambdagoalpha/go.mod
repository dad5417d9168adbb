module github.com/aws/aws-cdk-go/awscdklambdagoalpha/v2

go 1.26.0

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.277.0
	github.com/aws/constructs-go/constructs/v10 v10.8.1
)
