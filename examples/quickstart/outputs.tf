output "ehpc_cluster" {
  value = {
    id      = aliyun_ehpc_cluster.quickstart.id
    status  = aliyun_ehpc_cluster.quickstart.cluster_status
    version = aliyun_ehpc_cluster.quickstart.ehpc_version
  }
}

output "ehpc_compute_nodes" {
  value = [for n in aliyun_ehpc_existing_nodes.quickstart.nodes : "${n.id} ${n.host_name} ${n.status}"]
}

output "edge_workers" {
  value = aliyun_ack_edge_scale_out.quickstart.node_names
}

output "batchcompute_cluster" {
  value = {
    id    = aliyun_batchcompute_cluster.quickstart.id
    state = aliyun_batchcompute_cluster.quickstart.state
  }
}
