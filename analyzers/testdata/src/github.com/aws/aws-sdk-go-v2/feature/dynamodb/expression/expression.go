// Package expression is a stub of github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression for tests.
package expression

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

type OperandBuilder interface{ BuildOperand() (Operand, error) }

type Operand struct{}

type NameBuilder struct{ name string }

type ValueBuilder struct{ value any }

type SetValueBuilder struct{}

type UpdateBuilder struct{}

type ConditionBuilder struct{}

type Builder struct{}

type Expression struct{}

func Name(name string) NameBuilder { return NameBuilder{name} }

func Value(value any) ValueBuilder { return ValueBuilder{value} }

func (nb NameBuilder) BuildOperand() (Operand, error)      { return Operand{}, nil }
func (vb ValueBuilder) BuildOperand() (Operand, error)     { return Operand{}, nil }
func (svb SetValueBuilder) BuildOperand() (Operand, error) { return Operand{}, nil }

func Plus(leftOperand, rightOperand OperandBuilder) SetValueBuilder       { return SetValueBuilder{} }
func (nb NameBuilder) Plus(rightOperand OperandBuilder) SetValueBuilder   { return SetValueBuilder{} }
func Minus(leftOperand, rightOperand OperandBuilder) SetValueBuilder      { return SetValueBuilder{} }
func (nb NameBuilder) Minus(rightOperand OperandBuilder) SetValueBuilder  { return SetValueBuilder{} }
func ListAppend(leftOperand, rightOperand OperandBuilder) SetValueBuilder { return SetValueBuilder{} }
func (nb NameBuilder) ListAppend(rightOperand OperandBuilder) SetValueBuilder {
	return SetValueBuilder{}
}
func IfNotExists(name NameBuilder, setValue OperandBuilder) SetValueBuilder { return SetValueBuilder{} }
func (nb NameBuilder) IfNotExists(rightOperand OperandBuilder) SetValueBuilder {
	return SetValueBuilder{}
}

func Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder { return UpdateBuilder{} }
func (ub UpdateBuilder) Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder {
	return ub
}
func Add(name NameBuilder, value ValueBuilder) UpdateBuilder                    { return UpdateBuilder{} }
func (ub UpdateBuilder) Add(name NameBuilder, value ValueBuilder) UpdateBuilder { return ub }
func Delete(name NameBuilder, value ValueBuilder) UpdateBuilder                 { return UpdateBuilder{} }
func Remove(name NameBuilder) UpdateBuilder                                     { return UpdateBuilder{} }

func AttributeNotExists(nameBuilder NameBuilder) ConditionBuilder  { return ConditionBuilder{} }
func AttributeExists(nameBuilder NameBuilder) ConditionBuilder     { return ConditionBuilder{} }
func (nb NameBuilder) AttributeNotExists() ConditionBuilder        { return ConditionBuilder{} }
func (nb NameBuilder) Equal(right OperandBuilder) ConditionBuilder { return ConditionBuilder{} }

func NewBuilder() Builder                                                 { return Builder{} }
func (b Builder) WithUpdate(updateBuilder UpdateBuilder) Builder          { return b }
func (b Builder) WithCondition(conditionBuilder ConditionBuilder) Builder { return b }
func (b Builder) Build() (Expression, error)                              { return Expression{}, nil }
func (e Expression) Update() *string                                      { return nil }
func (e Expression) Condition() *string                                   { return nil }
func (e Expression) Names() map[string]string                             { return nil }
func (e Expression) Values() map[string]types.AttributeValue              { return nil }
