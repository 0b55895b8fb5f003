# <cluster_id>:<instance_id>[,<instance_id>…] — every listed instance must be a node of the cluster.
terraform import aliyun_ehpc_existing_nodes.example ehpc-hz-FYUr32abcd:i-bp16mxn6mt3t7ftk0001,i-bp16mxn6mt3t7ftk0002
