# A cluster whose queues are managed as aliyun_ehpc_queue resources: it does not set `queues`, so it neither
# reads nor changes them.
variable "root_password" {
  type      = string
  sensitive = true
}

resource "aliyun_ehpc_cluster" "example" {
  cluster_name       = "slurm-cluster-2"
  cluster_vpc_id     = "vpc-m5efjevmclc0xdmys0001"
  cluster_vswitch_id = "vsw-f8za5p0mwzgdu3wgx0001"

  cluster_credentials = {
    password_wo         = var.root_password
    password_wo_version = 1
  }
}

# A GPU queue of that cluster, scaled automatically up to 8 nodes.
resource "aliyun_ehpc_queue" "gpu" {
  cluster_id = aliyun_ehpc_cluster.example.id
  queue_name = "gpu"

  max_count        = 8
  enable_scale_out = true
  enable_scale_in  = true
  hostname_prefix  = "gpu"
  vswitch_ids      = ["vsw-f8za5p0mwzgdu3wgx0001"]

  compute_nodes = [
    {
      instance_type = "ecs.gn7i-c8g1.2xlarge"
      image_id      = "aliyun_3_x64_20G_alibase_20240528.vhd"
      system_disk = {
        category = "cloud_essd"
        level    = "PL1"
        size     = 100
      }
    },
  ]
}
