package com.example.storefront;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** storefront.* from /config/storefront/ in etcd, rebound in place when a value changes. */
@ConfigurationProperties("storefront")
public class StorefrontProperties {
    private String banner = "welcome";
    private int pageSize = 10;

    public String getBanner() {
        return banner;
    }

    public void setBanner(String banner) {
        this.banner = banner;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }
}
