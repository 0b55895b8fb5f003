// Package framework holds the Terraform-side helpers every resource shares, so that one idea is written once:
// the not-found contract of Read (RemoveNotFound), the "replace unless the value was never read" plan
// modifier with its one private-state key (ReplaceUnlessUnread, MarkUnread), conversions between framework
// values and Go values, and the schema↔model parity check the unit tests call.
//
// Nothing here speaks HTTP: API calls live in internal/client and in each service package's <res>_api.go.
package framework
