"""A debate's camps and speakers: the page where its owner and moderators edit them."""
