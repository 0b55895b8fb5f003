package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTagKey(t *testing.T) {
	runString(t, TagKey(), map[string]stringCase{
		"null":          {value: types.StringNull()},
		"unknown":       {value: types.StringUnknown()},
		"simple":        {value: types.StringValue("team")},
		"chinese":       {value: types.StringValue("部门")},
		"max length":    {value: types.StringValue(strings.Repeat("k", 128))},
		"128 chinese":   {value: types.StringValue(strings.Repeat("键", 128))},
		"aliyun inside": {value: types.StringValue("my-aliyun-tag")},
		"empty":         {value: types.StringValue(""), wantErr: true, contains: []string{"tag key must be", "0 characters long", `got ""`}},
		"too long":      {value: types.StringValue(strings.Repeat("k", 129)), wantErr: true, contains: []string{"129 characters long"}},
		"aliyun prefix": {value: types.StringValue("aliyun:owner"), wantErr: true, contains: []string{`reserved prefix "aliyun"`, `got "aliyun:owner"`}},
		"acs prefix":    {value: types.StringValue("acs:team"), wantErr: true, contains: []string{`reserved prefix "acs:"`}},
		"http":          {value: types.StringValue("see http://x"), wantErr: true, contains: []string{`contains "http://"`}},
		"https":         {value: types.StringValue("https://x"), wantErr: true, contains: []string{`contains "https://"`}},
	})
}

func TestTagValue(t *testing.T) {
	runString(t, TagValue(), map[string]stringCase{
		"null":          {value: types.StringNull()},
		"unknown":       {value: types.StringUnknown()},
		"empty":         {value: types.StringValue("")},
		"simple":        {value: types.StringValue("research")},
		"aliyun prefix": {value: types.StringValue("aliyun")},
		"max length":    {value: types.StringValue(strings.Repeat("v", 128))},
		"too long":      {value: types.StringValue(strings.Repeat("v", 129)), wantErr: true, contains: []string{"tag value", "129 characters long"}},
		"http":          {value: types.StringValue("http://example.com"), wantErr: true, contains: []string{`contains "http://"`, `got "http://example.com"`}},
		"https":         {value: types.StringValue("xhttps://"), wantErr: true, contains: []string{`contains "https://"`}},
	})
}
