package batchcompute

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/client"
	"github.com/aliyun-hpc/terraform-provider-aliyun/internal/framework"
)

func TestClusterSchemaModelParity(t *testing.T) {
	ctx := context.Background()
	if err := framework.SchemaModelParity(ctx, clusterSchema(ctx), &clusterModel{}); err != nil {
		t.Fatal(err)
	}
}

func strList(ss ...string) types.List { return framework.StringsToList(ss) }

// The request of the CreateCluster example (empty OSS strings, empty classic lists beside a VPC, an empty
// group instance type) expands to a body that leaves the empty values out, which the service reads as not set.
func TestExpandClusterEmptyValues(t *testing.T) {
	m := &clusterModel{
		Name: types.StringValue("test-ubuntu"), ImageID: types.StringValue("m-2309yqb5n"), InstanceType: types.StringValue("bcs.a2.large"),
		UserData: types.MapNull(types.StringType),
		Configs: &configsModel{
			Mounts: &mountsModel{OSS: &ossModel{AccessKeyID: types.StringValue(""), AccessKeySecret: types.StringValue(""), AccessSecurityToken: types.StringValue("")}},
			Networks: &networksModel{
				Classic: &classicModel{AllowIPAddress: strList(), AllowIPAddressEgress: strList(), AllowSecurityGroup: strList(), AllowSecurityGroupEgress: strList()},
				VPC:     &vpcModel{CidrBlock: types.StringValue("10.0.0.0/8")},
			},
		},
		Groups: map[string]groupModel{"group1": {
			DesiredVMCount: types.Int64Value(3), InstanceType: types.StringValue(""), ResourceType: types.StringValue("OnDemand"),
			SpotStrategy: types.StringNull(), SpotPriceLimit: types.Float64Null(),
		}},
	}
	raw, err := json.Marshal(expandCluster(m))
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	for _, want := range []string{`"OSS":{}`, `"Classic":{}`, `"VPC":{"CidrBlock":"10.0.0.0/8"}`, `"group1":{"DesiredVMCount":3,"ResourceType":"OnDemand"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s: %s", want, body)
		}
	}
	for _, absent := range []string{`"AccessKeyId"`, `"AllowIpAddress"`, `"InstanceType":""`, `"SpotStrategy"`} {
		if strings.Contains(body, absent) {
			t.Errorf("body has %s: %s", absent, body)
		}
	}
}

// Empty answers keep the configured empty values (no diff after apply); non-empty answers replace the prior
// value (drift); the secrets are never read.
func TestFlattenClusterKeepsEmptyValues(t *testing.T) {
	prior := clusterModel{
		Configs: &configsModel{
			Mounts: &mountsModel{OSS: &ossModel{AccessKeyID: types.StringValue(""), AccessKeySecret: types.StringValue("s3cr3t"), AccessSecurityToken: types.StringNull()}},
			Networks: &networksModel{
				Classic: &classicModel{AllowIPAddress: strList(), AllowIPAddressEgress: types.ListNull(types.StringType),
					AllowSecurityGroup: strList(), AllowSecurityGroupEgress: strList()},
			},
		},
		Groups: map[string]groupModel{"g": {InstanceType: types.StringValue("")}, "h": {InstanceType: types.StringNull()}},
	}
	one := int64(1)
	api := &apiCluster{
		ID: "cls-1", Name: "n", ImageID: "img-ubuntu", InstanceType: "bcs.a2.large", State: stateActive,
		Configs: &apiConfigs{Mounts: &apiMounts{OSS: &apiOSS{AccessKeySecret: "never returned"}}, Networks: &apiNetworks{Classic: &apiClassic{AllowSecurityGroup: []string{"sg-1"}}}},
		Groups:  map[string]apiGroup{"g": {DesiredVMCount: &one, ActualVMCount: 1}, "h": {DesiredVMCount: &one, InstanceType: "ecs.sn1ne.large"}},
	}
	m := prior
	flattenCluster(api, &m)
	oss := m.Configs.Mounts.OSS
	checks := map[string]struct{ got, want attr.Value }{
		"oss id":             {oss.AccessKeyID, types.StringValue("")},
		"oss secret":         {oss.AccessKeySecret, types.StringValue("s3cr3t")},
		"oss token":          {oss.AccessSecurityToken, types.StringNull()},
		"empty list kept":    {m.Configs.Networks.Classic.AllowIPAddress, strList()},
		"null list kept":     {m.Configs.Networks.Classic.AllowIPAddressEgress, types.ListNull(types.StringType)},
		"drift shows":        {m.Configs.Networks.Classic.AllowSecurityGroup, strList("sg-1")},
		"empty type kept":    {m.Groups["g"].InstanceType, types.StringValue("")},
		"group type drift":   {m.Groups["h"].InstanceType, types.StringValue("ecs.sn1ne.large")},
		"resource type dflt": {m.Groups["g"].ResourceType, types.StringValue("OnDemand")},
		"actual count":       {m.Groups["g"].ActualVMCount, types.Int64Value(1)},
	}
	for name, c := range checks {
		if !c.got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", name, c.got, c.want)
		}
	}
	if m.Configs.Disks != nil {
		t.Errorf("disks appeared from nothing: %+v", m.Configs.Disks)
	}
}

func TestExpandModify(t *testing.T) {
	g := func(desired int64, strategy string, limit float64) groupModel {
		m := groupModel{DesiredVMCount: types.Int64Value(desired), SpotStrategy: types.StringNull(), SpotPriceLimit: types.Float64Null()}
		if strategy != "" {
			m.SpotStrategy = types.StringValue(strategy)
		}
		if limit != 0 {
			m.SpotPriceLimit = types.Float64Value(limit)
		}
		return m
	}
	cases := map[string]struct {
		plan, state map[string]groupModel
		want        string
	}{
		"nothing changed":  {map[string]groupModel{"a": g(1, "", 0)}, map[string]groupModel{"a": g(1, "", 0)}, "null"},
		"count only":       {map[string]groupModel{"a": g(3, "", 0), "b": g(1, "", 0)}, map[string]groupModel{"a": g(1, "", 0), "b": g(1, "", 0)}, `{"Groups":{"a":{"DesiredVMCount":3}}}`},
		"price changed":    {map[string]groupModel{"a": g(1, "SpotWithPriceLimit", 0.75)}, map[string]groupModel{"a": g(1, "SpotWithPriceLimit", 0.5)}, `{"Groups":{"a":{"SpotPriceLimit":0.75}}}`},
		"strategy removed": {map[string]groupModel{"a": g(1, "", 0)}, map[string]groupModel{"a": g(1, "SpotAsPriceGo", 0)}, `{"Groups":{"a":{"SpotStrategy":""}}}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			raw, _ := json.Marshal(expandModify(tc.plan, tc.state))
			if string(raw) != tc.want {
				t.Errorf("got %s, want %s", raw, tc.want)
			}
		})
	}
}

func TestReadiness(t *testing.T) {
	two, one := int64(2), int64(1)
	cases := map[string]struct {
		c    apiCluster
		want string
	}{
		"all running": {apiCluster{State: stateActive, Groups: map[string]apiGroup{"a": {DesiredVMCount: &two, ActualVMCount: 2}}}, stateReady},
		"scaling":     {apiCluster{State: stateActive, Groups: map[string]apiGroup{"a": {DesiredVMCount: &two, ActualVMCount: 1}, "b": {DesiredVMCount: &one, ActualVMCount: 1}}}, stateScaling},
		"deleting":    {apiCluster{State: stateDeleting, Groups: map[string]apiGroup{"a": {DesiredVMCount: &one, ActualVMCount: 1}}}, stateDeleting},
	}
	for name, tc := range cases {
		if got := readiness(&tc.c); got != tc.want {
			t.Errorf("%s: got %s, want %s", name, got, tc.want)
		}
	}
}

func TestFindClusterByIDWithoutID(t *testing.T) {
	_, err := findClusterByID(context.Background(), nil, "")
	if _, ok := client.AsNotFound(err); !ok {
		t.Fatalf("want a not-found error for an empty id, got %v", err)
	}
}

// A CreateCluster answered with 2xx whose body gives no id (or cannot be read) made a cluster: the error is
// ambiguous, so that Create keeps the token that finds it instead of orphaning it.
func TestCreateClusterUnreadableAnswerIsAmbiguous(t *testing.T) {
	for name, body := range map[string]string{
		"no id":       `{"RequestId":"R"}`,
		"not JSON":    `<html>ok</html>`,
		"id mistyped": `{"Id":42}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := fakeBatchCompute(t, http.StatusCreated, body)
			_, err := createCluster(context.Background(), c, "tf_token", &apiCluster{Name: "c"})
			if !client.IsAmbiguous(err) {
				t.Fatalf("want an ambiguous error (the cluster exists), got %v", err)
			}
		})
	}
	c := fakeBatchCompute(t, http.StatusBadRequest, `{"Code":"InvalidParameter","Message":"bad"}`)
	if _, err := createCluster(context.Background(), c, "tf_token", &apiCluster{Name: "c"}); err == nil || client.IsAmbiguous(err) {
		t.Fatalf("a rejection made nothing: want a plain error, got %v", err)
	}
}

// fakeBatchCompute is a client whose Batch Compute endpoint answers every request with status and body.
func fakeBatchCompute(t *testing.T, status int, body string) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	creds, err := providers.NewStaticAKCredentialsProviderBuilder().WithAccessKeyId("ak").WithAccessKeySecret("sk").Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{
		Region:         "cn-hangzhou",
		Credentials:    creds,
		Endpoints:      map[client.Product]string{client.ProductBatchCompute: srv.URL},
		MaxRetries:     1,
		Backoff:        client.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond},
		RequestTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
