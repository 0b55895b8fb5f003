package validators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCIDR(t *testing.T) {
	runString(t, CIDR(), map[string]stringCase{
		"null":        {value: types.StringNull()},
		"unknown":     {value: types.StringUnknown()},
		"slash 8":     {value: types.StringValue("10.0.0.0/8")},
		"slash 16":    {value: types.StringValue("192.168.0.0/16")},
		"slash 24":    {value: types.StringValue("172.16.1.0/24")},
		"host route":  {value: types.StringValue("10.1.2.3/32")},
		"no prefix":   {value: types.StringValue("10.0.0.0"), wantErr: true, contains: []string{`got "10.0.0.0"`, "no '/'"}},
		"bad prefix":  {value: types.StringValue("10.0.0.0/33"), wantErr: true, contains: []string{`got "10.0.0.0/33"`}},
		"bad address": {value: types.StringValue("300.0.0.0/8"), wantErr: true, contains: []string{`got "300.0.0.0/8"`}},
		"host bits": {value: types.StringValue("10.0.0.1/8"), wantErr: true,
			contains: []string{`got "10.0.0.1/8"`, "host bits are set; the network address is 10.0.0.0/8"}},
		"ipv6":  {value: types.StringValue("fd00::/8"), wantErr: true, contains: []string{"not an IPv4 network"}},
		"empty": {value: types.StringValue(""), wantErr: true, contains: []string{`got ""`}},
		"text":  {value: types.StringValue("vpc"), wantErr: true, contains: []string{`got "vpc"`}},
	})
}
