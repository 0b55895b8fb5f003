# A SLURM cluster: a pay-as-you-go manager node, one auto-scaling queue of preemptible compute nodes, a NAS file
# system mounted on /home, and the root password given write-only (Terraform 1.11 or later).
variable "root_password" {
  type      = string
  sensitive = true
}

resource "aliyun_ehpc_cluster" "example" {
  cluster_name        = "slurm-cluster-1"
  cluster_description = "CFD-simulations"
  cluster_vpc_id      = "vpc-m5efjevmclc0xdmys0001"
  cluster_vswitch_id  = "vsw-f8za5p0mwzgdu3wgx0001"
  max_count           = 100
  max_core_count      = 2000
  deletion_protection = true
  grow_interval       = 2
  idle_interval       = 4

  cluster_credentials = {
    password_wo         = var.root_password
    password_wo_version = 1
  }

  tags = {
    team = "cfd"
  }

  manager = {
    scheduler = {
      type    = "SLURM"
      version = "22.05.8"
    }
    manager_node = {
      instance_type = "ecs.c7.xlarge"
      image_id      = "aliyun_3_x64_20G_alibase_20240528.vhd"
      system_disk = {
        category = "cloud_essd"
        level    = "PL0"
        size     = 40
      }
    }
  }

  queues = [
    {
      queue_name       = "comp"
      vswitch_ids      = ["vsw-f8za5p0mwzgdu3wgx0001"]
      enable_scale_out = true
      enable_scale_in  = true
      max_count        = 50
      hostname_prefix  = "comp-"
      compute_nodes = [
        {
          instance_type    = "ecs.c7.4xlarge"
          image_id         = "aliyun_3_x64_20G_alibase_20240528.vhd"
          spot_strategy    = "SpotWithPriceLimit"
          spot_price_limit = 0.97
          system_disk = {
            category = "cloud_essd"
            size     = 40
          }
        },
      ]
    },
  ]

  shared_storages = [
    {
      file_system_id      = "008b63abcd"
      mount_target_domain = "008b63abcd-sihc.cn-hangzhou.extreme.nas.aliyuncs.com"
      nas_directory       = "/"
      mount_directory     = "/home"
      protocol_type       = "NFS"
    },
  ]

  additional_packages = [
    {
      name    = "mpich"
      version = "4.0.3"
    },
  ]

  timeouts = {
    create = "90m"
  }
}
