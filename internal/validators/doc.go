// Package validators holds the plan-time validators shared by more than one resource or product.
//
// Every validator skips null and unknown values (unknown values are checked again once known), says its rule
// in Description, and reports a diagnostic naming the attribute path, the rule and the offending value.
package validators
