// Package logrus is a stub of github.com/sirupsen/logrus for tests.
package logrus

type Logger struct{}

func New() *Logger { return &Logger{} }

func (l *Logger) Fatalf(format string, args ...interface{}) {}
func (l *Logger) Infof(format string, args ...interface{})  {}

func Fatal(args ...interface{}) {}
