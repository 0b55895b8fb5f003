#!/usr/bin/env bash
# The README's demo: build the provider and the emulator, start the emulator on a free loopback port, install
# the provider through a CLI configuration with dev_overrides (nothing is downloaded), then init, apply,
# show the outputs and destroy examples/quickstart, and stop the emulator whatever happens.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.demo"
rm -rf "$work"
mkdir -p "$work/bin" "$work/tf"

command -v terraform >/dev/null || { echo "demo: terraform (>= 1.11) must be on PATH" >&2; exit 1; }
command -v go >/dev/null || { echo "demo: go must be on PATH" >&2; exit 1; }

echo "==> building the provider and the emulator"
(cd "$root" && go build -o "$work/bin/terraform-provider-aliyun" . && go build -o "$work/emulator" ./internal/emulator/cmd/emulator)

echo "==> starting the emulator"
"$work/emulator" -listen 127.0.0.1:0 -latency "${DEMO_LATENCY:-2s}" -state "$work/emulator-state.json" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
cleanup() {
	kill "$emulator_pid" 2>/dev/null || true
	wait "$emulator_pid" 2>/dev/null || true
}
trap cleanup EXIT
url=""
for _ in $(seq 1 100); do
	url=$(head -n 1 "$work/emulator.log" 2>/dev/null | tr -d '\r')
	case "$url" in http://*) break ;; esac
	kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
	sleep 0.1
done
case "$url" in http://*) ;; *) echo "demo: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1 ;; esac
sed 's/^/   emulator: /' "$work/emulator.log"

# dev_overrides makes apply use the binary just built. terraform init still asks a registry for the provider's
# versions, so a filesystem mirror with the same binary answers it offline.
platform="$(go env GOOS)_$(go env GOARCH)"
mirror="$work/mirror/registry.terraform.io/aliyun-hpc/aliyun/0.0.1/$platform"
mkdir -p "$mirror"
cp "$work/bin/terraform-provider-aliyun" "$mirror/terraform-provider-aliyun_v0.0.1"
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "aliyun-hpc/aliyun" = "$work/bin"
  }
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["aliyun-hpc/aliyun"]
  }
  direct {
    exclude = ["aliyun-hpc/aliyun"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
# The same variables a user sets for a real account, pointed at the emulator.
export ALICLOUD_ACCESS_KEY=LTAI5tEmulatorAccessKey
export ALICLOUD_SECRET_KEY=EmulatorSecretKey0123456789abcd
export ALICLOUD_REGION=cn-hangzhou
export ALIBABA_CLOUD_ENDPOINT_EHPC="$url" ALIBABA_CLOUD_ENDPOINT_CS="$url" ALIBABA_CLOUD_ENDPOINT_BATCHCOMPUTE="$url"

cp "$root"/examples/quickstart/*.tf "$work/tf/"
cd "$work/tf"
echo "==> terraform init"
terraform init -input=false -no-color 2>&1 | grep -v '^$' | sed 's/^/   /'
echo "==> terraform apply"
time terraform apply -input=false -auto-approve -no-color
echo "==> outputs"
terraform output -no-color
echo "==> terraform destroy"
terraform destroy -input=false -auto-approve -no-color
echo "==> demo finished: every resource was created, read back and destroyed against the local emulator"
