package main

//slslint:ignore SLS603 kept until the v2 migration (JIRA-42)
import v1 "github.com/aws/aws-sdk-go/aws/session"

func legacy() *v1.Session { return nil }
