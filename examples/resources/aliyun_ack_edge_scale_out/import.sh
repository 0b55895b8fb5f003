# By the ScaleOutCluster task (every argument except the password is read back):
terraform import aliyun_ack_edge_scale_out.example c0ffee5eed0ed6e0a1b2c3d4e5f60718:T-5a54309c80282e39ea00002f

# Or by the ENS instance ids of the nodes:
terraform import aliyun_ack_edge_scale_out.example c0ffee5eed0ed6e0a1b2c3d4e5f60718:i-5ylwoqlauqafklmtdqbz,i-8vbk2yq1m2n3o4p5q6r7
