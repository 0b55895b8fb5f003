# A cluster with two groups: three on-demand instances, and up to four preemptible ones bid at most 0.1 per hour.
resource "aliyun_batchcompute_cluster" "example" {
  name          = "genomics-pool"
  description   = "Workers for the nightly alignment jobs"
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"

  user_data = {
    environment = "production"
  }

  notification = {
    topic = {
      name     = "batch-events"
      endpoint = "http://1234567890123456.mns.cn-hangzhou.aliyuncs.com/"
      events   = ["OnClusterDeleted", "OnInstanceActive"]
    }
  }

  configs = {
    disks = {
      system_disk = {
        type = "cloud_efficiency"
        size = 60
      }
      data_disk = {
        type        = "cloud_efficiency"
        size        = 200
        mount_point = "/data"
      }
    }
    mounts = {
      entries = [
        {
          source        = "oss://my-bucket/reference/"
          destination   = "/home/admin/reference"
          write_support = false
        },
      ]
      oss = {
        access_key_id     = var.oss_access_key_id
        access_key_secret = var.oss_access_key_secret
      }
    }
    networks = {
      vpc = {
        cidr_block = "192.168.0.0/16"
      }
    }
  }

  groups = {
    ondemand = {
      desired_vm_count = 3
    }
    spot = {
      desired_vm_count = 4
      instance_type    = "ecs.sn1ne.large"
      resource_type    = "Spot"
      spot_strategy    = "SpotWithPriceLimit"
      spot_price_limit = 0.1
    }
  }

  timeouts = {
    create = "30m"
    update = "30m"
    delete = "20m"
  }
}

variable "oss_access_key_id" {
  type = string
}

variable "oss_access_key_secret" {
  type      = string
  sensitive = true
}
