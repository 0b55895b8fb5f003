# A queue of a cluster whose queues are managed with this resource (the cluster does not set `queues`).
resource "aliyun_ehpc_queue" "gpu" {
  cluster_id = aliyun_ehpc_cluster.example.id
  queue_name = "gpu"

  max_count        = 8
  enable_scale_out = true
  enable_scale_in  = true
  hostname_prefix  = "gpu"
  vswitch_ids      = ["vsw-bp1example"]

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
