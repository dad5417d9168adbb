package legacy

//slslint:ignore SLS603 this file no longer imports the v1 SDK
import "fmt"

// Hello says hello.
func Hello() { fmt.Println("hello") }
