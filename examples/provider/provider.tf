# Credentials usually come from the environment (ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY) or from a
# profile of the aliyun CLI; never commit keys to a configuration.
provider "aliyun" {
  region  = "cn-hangzhou"
  profile = "default"

  # Optional: exchange those credentials for a role's.
  assume_role {
    role_arn           = "acs:ram::123456789012:role/terraform"
    session_name       = "terraform"
    session_expiration = 3600
  }

  # Optional: a VPC endpoint, or the local emulator (http://127.0.0.1:8099).
  endpoints {
    ehpc = "https://ehpc-vpc.cn-hangzhou.aliyuncs.com"
  }

  max_retries             = 8
  max_requests_per_second = 20
}
