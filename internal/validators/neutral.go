package validators

// Neutral returns an OnlyWhen rule that also accepts, whatever the sibling says, the own values that mean
// "nothing" to the service: for example `auto_renew = false`, `period = 0` or `spot_price_limit = 0` on a
// pay-as-you-go node. Services that report such values back (and generated configurations that copy them)
// must not be refused for them; only a meaningful value is. Values are written as RequiredWhen's are:
// "false", "0", or the string itself ("NoSpot").
//
// On a RequiredWhen rule the neutral values count as not set: `RequiredWhen(chargeType, "PrePaid").Neutral("0")`
// refuses `period = 0` on a PrePaid node as it refuses a missing period, since the service does the same.
func (v ConditionalValidator) Neutral(values ...string) ConditionalValidator {
	v.neutral = append(append([]string(nil), v.neutral...), values...)
	return v
}
