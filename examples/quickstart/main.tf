# The quickstart: one resource of each type, small. `make demo` applies and destroys it against the local
# emulator; against a real account, set the variables to your own instance ids and edge cluster id.
terraform {
  required_version = ">= 1.11"
  required_providers {
    aliyun = {
      source = "aliyun-hpc/aliyun"
    }
  }
}

# Region, credentials and endpoints come from the environment (ALICLOUD_REGION, ALICLOUD_ACCESS_KEY,
# ALICLOUD_SECRET_KEY, ALIBABA_CLOUD_ENDPOINT_*), exactly as for a real account.
provider "aliyun" {}

# An E-HPC SLURM cluster with one queue; the root password is write-only (never stored in state).
resource "aliyun_ehpc_cluster" "quickstart" {
  cluster_name        = "quickstart"
  cluster_description = "quickstart-cluster"

  cluster_credentials = {
    password_wo         = var.root_password
    password_wo_version = 1
  }

  manager = {
    scheduler = {
      type = "SLURM"
    }
    manager_node = {
      instance_type = "ecs.c7.xlarge"
      image_id      = var.image_id
    }
  }

  queues = [
    {
      queue_name = "comp"
    },
  ]
}

# Two stopped ECS instances you already own join the cluster as compute nodes; destroy gives them back, stopped.
resource "aliyun_ehpc_existing_nodes" "quickstart" {
  cluster_id   = aliyun_ehpc_cluster.quickstart.id
  image_id     = var.image_id
  instance_ids = var.existing_instance_ids
  job_queue    = one(aliyun_ehpc_cluster.quickstart.queues).queue_name
}

# Two ENS workers bought into a managed edge cluster.
resource "aliyun_ack_edge_scale_out" "quickstart" {
  cluster_id               = var.edge_cluster_id
  worker_count             = 2
  worker_instance_type     = "ens.sn1.tiny"
  ens_region_id            = "cn-beijing-telecom"
  worker_image_id          = "m-2QVLO2T8NYgm8CNQVg15gF"
  ens_internet_charge_type = "BandwidthByDay"
  worker_period            = 1
  worker_system_disk_size  = 40

  login_password_wo         = var.root_password
  login_password_wo_version = 1
}

# A Batch Compute cluster with one group of two on-demand instances.
resource "aliyun_batchcompute_cluster" "quickstart" {
  name          = "quickstart-pool"
  image_id      = "img-ubuntu"
  instance_type = "bcs.a2.large"

  groups = {
    workers = {
      desired_vm_count = 2
    }
  }
}
