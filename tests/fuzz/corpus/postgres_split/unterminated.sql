SELECT $tag$ never closed;
