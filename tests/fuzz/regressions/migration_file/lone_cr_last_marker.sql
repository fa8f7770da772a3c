-- revision: r-- migrate:up

-- migrate:down