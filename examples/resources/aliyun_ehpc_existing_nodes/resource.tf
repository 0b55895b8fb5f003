# Two stopped ECS instances you already own join an E-HPC cluster as compute nodes. Joining re-installs
# them with image_id, which must have the cluster image's OS family and major version.
resource "aliyun_ehpc_existing_nodes" "example" {
  cluster_id   = "ehpc-hz-FYUr32abcd"
  image_id     = "centos_7_06_64_20G_alibase_20190711.vhd"
  instance_ids = ["i-bp16mxn6mt3t7ftk0001", "i-bp16mxn6mt3t7ftk0002"]
  job_queue    = "workq"

  # The default: on destroy the instances leave the cluster and stay in the account, stopped.
  release_instances_on_destroy = false

  timeouts = {
    create = "30m"
    delete = "30m"
  }
}

