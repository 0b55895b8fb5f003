variable "worker_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Buys two ENS instances on a one-month subscription and adds them to a managed edge cluster.
# Against the local emulator, cluster c0ffee5eed0ed6e0a1b2c3d4e5f60718 is seeded and ready.
resource "aliyun_ack_edge_scale_out" "example" {
  cluster_id               = "c0ffee5eed0ed6e0a1b2c3d4e5f60718"
  worker_count             = 2
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_auto_renew        = false
  worker_system_disk_size  = 40
  worker_data_disk_size    = 100

  # Write-only: never stored in plan or state (Terraform 1.11 or later).
  login_password_wo         = var.worker_password
  login_password_wo_version = 1

  timeouts = {
    create = "30m"
    delete = "30m"
  }
}

output "edge_node_names" {
  value = aliyun_ack_edge_scale_out.example.node_names
}
